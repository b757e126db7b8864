package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// VersionService checks semantic version strings. It needs nothing from
// the host.
type VersionService struct {
	plugin.Service `name:"version" desc:"Semantic version checks"`
	Check          plugin.Op[VersionCheckInput, VersionCheckOutput] `desc:"Check that a version is at least a minimum" method:"CheckHandler"`
	Parse          plugin.Op[ParseInput, ParseOutput]               `desc:"Split a version into its numbers" method:"ParseHandler"`
}

// VersionCheckInput is the version/check config.
type VersionCheckInput struct {
	Version string `json:"version" jsonschema:"required,description=Version found (MAJOR.MINOR.PATCH with an optional v)"`
	Minimum string `json:"minimum" jsonschema:"required,description=Oldest acceptable version"`
}

// VersionCheckOutput echoes the versions compared.
type VersionCheckOutput struct {
	Version string `json:"version"`
	Minimum string `json:"minimum"`
}

// ParseInput is the version/parse config.
type ParseInput struct {
	Version string `json:"version" jsonschema:"required,description=Version to parse"`
}

// ParseOutput is a parsed version.
type ParseOutput struct {
	Major int `json:"major"`
	Minor int `json:"minor"`
	Patch int `json:"patch"`
}

// CheckHandler fails the check when Version is older than Minimum. A
// version that does not parse is an error of type validation.
func (s *VersionService) CheckHandler(_ context.Context, in *VersionCheckInput) (*VersionCheckOutput, error) {
	have, err := parse(in.Version)
	if err != nil {
		return nil, err
	}
	want, err := parse(in.Minimum)
	if err != nil {
		return nil, err
	}
	out := &VersionCheckOutput{Version: in.Version, Minimum: in.Minimum}
	if compare(have, want) < 0 {
		return out, plugin.Failf("version %s is older than %s", in.Version, in.Minimum)
	}
	return out, nil
}

// ParseHandler splits the version.
func (s *VersionService) ParseHandler(_ context.Context, in *ParseInput) (*ParseOutput, error) {
	v, err := parse(in.Version)
	if err != nil {
		return nil, err
	}
	return &ParseOutput{Major: v[0], Minor: v[1], Patch: v[2]}, nil
}

func parse(s string) ([3]int, error) {
	var v [3]int
	parts := strings.Split(strings.TrimPrefix(s, "v"), ".")
	if len(parts) != 3 {
		return v, badVersion(s)
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return v, badVersion(s)
		}
		v[i] = n
	}
	return v, nil
}

func badVersion(s string) error {
	return entities.NewErrorDetail(entities.ErrorTypeValidation, fmt.Sprintf("%q is not a version of the form MAJOR.MINOR.PATCH", s)).WithCode("BAD_VERSION")
}

func compare(a, b [3]int) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}
