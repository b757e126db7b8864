package plugin

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonscan"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/suggest"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Codes of the config errors routing and validation report.
const (
	CodeInvalidConfig      = wire.CodeInvalidConfig
	CodeMissingOperation   = "MISSING_OPERATION"
	CodeUnknownOperation   = "UNKNOWN_OPERATION"
	CodeUnknownService     = "UNKNOWN_SERVICE"
	CodeAmbiguousOperation = "AMBIGUOUS_OPERATION"
	CodeInvalidRouting     = "INVALID_ROUTING"
)

// route picks the operation config selects, or explains why it cannot:
// the fast paths first, then the service filter, the operation filter and,
// when several operations remain, an error saying how to choose.
func (d *PluginDefinition) route(config []byte) (*opEntry, *entities.ErrorDetail) {
	opRaw, svcRaw := routingMembers(config)
	opName, hasOp, err := routingKey(opRaw, routeOperation)
	if err != nil {
		return nil, err
	}
	svcName, hasSvc, err := routingKey(svcRaw, routeService)
	if err != nil {
		return nil, err
	}
	// The common cases first, without allocating.
	if !hasOp && !hasSvc && len(d.ops) == 1 {
		return d.ops[0], nil
	}
	if hasOp && !hasSvc {
		if c := d.byName[opName]; len(c) == 1 {
			return c[0], nil
		}
	}

	cands := d.ops
	if len(cands) == 0 {
		return nil, entities.NewErrorDetail(entities.ErrorTypeInternal, fmt.Sprintf("plugin %q has no operations; register a service with plugin.MustRegisterService", d.def.Name)).WithCode(wire.CodeNoOperations)
	}
	if hasSvc {
		if cands, err = d.inService(svcName); err != nil {
			return nil, err
		}
	}
	if hasOp {
		if cands, err = named(cands, opName, svcName, hasSvc); err != nil {
			return nil, err
		}
	}
	if len(cands) == 1 {
		return cands[0], nil
	}
	if hasOp {
		return nil, ambiguousOperation(cands, opName)
	}
	return nil, d.missingOperation(cands, svcName, hasSvc)
}

// inService returns the operations of service svcName, or an
// UNKNOWN_SERVICE error when there is no such service.
func (d *PluginDefinition) inService(svcName string) ([]*opEntry, *entities.ErrorDetail) {
	var inSvc []*opEntry
	for _, op := range d.ops {
		if op.svc.name == svcName {
			inSvc = append(inSvc, op)
		}
	}
	if len(inSvc) > 0 {
		return inSvc, nil
	}
	names := d.serviceNames()
	msg := fmt.Sprintf("unknown service %q", svcName)
	details := map[string]any{"service": svcName, "services": toAny(names), "available": toAny(paths(d.ops))}
	if s := suggest.Closest(svcName, names); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
		details["did_you_mean"] = s
	}
	msg += fmt.Sprintf("; set config %q to one of: %s", routeService, strings.Join(names, ", "))
	return nil, routeError(CodeUnknownService, msg, details)
}

// named returns the candidates called opName, or an UNKNOWN_OPERATION
// error when there is none.
func named(cands []*opEntry, opName, svcName string, hasSvc bool) ([]*opEntry, *entities.ErrorDetail) {
	var out []*opEntry
	for _, op := range cands {
		if op.name == opName {
			out = append(out, op)
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	var names []string
	for _, op := range cands {
		names = append(names, op.name)
	}
	msg := fmt.Sprintf("unknown operation %q", opName)
	if hasSvc {
		msg = fmt.Sprintf("service %q has no operation %q", svcName, opName)
	}
	details := map[string]any{"operation": opName, "available": toAny(paths(cands))}
	if s := suggest.Closest(opName, names); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
		details["did_you_mean"] = s
	}
	msg += "; available operations: " + strings.Join(paths(cands), ", ")
	return nil, routeError(CodeUnknownOperation, msg, details)
}

// ambiguousOperation is the error for an operation name that several
// services offer when config names no service.
func ambiguousOperation(cands []*opEntry, opName string) *entities.ErrorDetail {
	var svcs []string
	for _, op := range cands {
		svcs = append(svcs, op.svc.name)
	}
	msg := fmt.Sprintf("operation %q is offered by several services (%s); set config %q to one of them: %s",
		opName, strings.Join(svcs, ", "), routeService, strings.Join(paths(cands), ", "))
	return routeError(CodeAmbiguousOperation, msg, map[string]any{"operation": opName, "services": toAny(svcs), "available": toAny(paths(cands))})
}

// missingOperation is the error for a config that names no operation where
// several are possible.
func (d *PluginDefinition) missingOperation(cands []*opEntry, svcName string, hasSvc bool) *entities.ErrorDetail {
	what := fmt.Sprintf("plugin %q has several operations", d.def.Name)
	if hasSvc {
		what = fmt.Sprintf("service %q has several operations", svcName)
	}
	hint := fmt.Sprintf("set config %q", routeOperation)
	if !hasSvc && d.sharedNames() {
		hint = fmt.Sprintf("set config %q (and %q where services share an operation name)", routeOperation, routeService)
	}
	msg := fmt.Sprintf("no operation selected: %s; %s to one of: %s", what, hint, strings.Join(paths(cands), ", "))
	return routeError(CodeMissingOperation, msg, map[string]any{"available": toAny(paths(cands))})
}

// routingKey reads a routing key: it must be a JSON string when present.
func routingKey(raw []byte, key string) (string, bool, *entities.ErrorDetail) {
	if raw == nil {
		return "", false, nil
	}
	var s []byte
	end := -1
	if len(raw) > 0 && raw[0] == '"' {
		s, end, _ = jsonscan.String(raw, 0)
	}
	if end != len(raw) {
		return "", false, routeError(CodeInvalidRouting, fmt.Sprintf("config %q must be a string naming the %s, got %s", key, key, jsonKind(raw)), map[string]any{"key": key})
	}
	return string(s), true, nil
}

// routingMembers returns the values of config's top-level "operation" and
// "service" members as raw JSON, nil when absent; config is a valid JSON
// object. The last of repeated keys wins, as with json.Unmarshal, and keys
// are compared decoded ("\u0073ervice" is "service").
func routingMembers(config []byte) (op, svc []byte) {
	jsonscan.Members(config, func(k, v []byte) bool {
		key := k[1 : len(k)-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			key, _, _ = jsonscan.String(k, 0)
		}
		switch string(key) {
		case routeOperation:
			op = v
		case routeService:
			svc = v
		}
		return true
	})
	return op, svc
}

func routeError(code, msg string, details map[string]any) *entities.ErrorDetail {
	e := entities.NewErrorDetail(entities.ErrorTypeConfig, msg).WithCode(code)
	e.Details = details
	return e
}

func configError(code, msg string, details map[string]any) *entities.Result {
	return entities.ResultError(routeError(code, msg, details))
}

func (d *PluginDefinition) serviceNames() []string {
	names := make([]string, 0, len(d.services))
	for _, s := range d.services {
		names = append(names, s.name)
	}
	sort.Strings(names)
	return names
}

// sharedNames reports whether two services share an operation name.
func (d *PluginDefinition) sharedNames() bool {
	for _, ops := range d.byName {
		if len(ops) > 1 {
			return true
		}
	}
	return false
}

func paths(ops []*opEntry) []string {
	out := make([]string, len(ops))
	for i, op := range ops {
		out[i] = op.path()
	}
	return out
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
