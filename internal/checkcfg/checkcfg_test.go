package checkcfg

import (
	"errors"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

func TestTimeout(t *testing.T) {
	for _, tc := range []struct {
		cfg  map[string]any
		want time.Duration
		bad  bool
	}{
		{map[string]any{}, 7 * time.Second, false},
		{map[string]any{"timeout_seconds": 2.5}, 2500 * time.Millisecond, false},
		{map[string]any{"timeout_seconds": 3}, 3 * time.Second, false},
		{map[string]any{"timeout_seconds": 0}, 0, true},
		{map[string]any{"timeout_seconds": -1}, 0, true},
		{map[string]any{"timeout_seconds": "5"}, 0, true},
	} {
		got, err := Timeout(tc.cfg, 7*time.Second)
		if tc.bad {
			var d *entities.ErrorDetail
			if !errors.As(err, &d) || d.Type != entities.ErrorTypeConfig || d.Code != "INVALID_CONFIG" {
				t.Errorf("Timeout(%v) err = %v; want a config error", tc.cfg, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Timeout(%v) = %v, %v; want %v", tc.cfg, got, err, tc.want)
		}
	}
}
