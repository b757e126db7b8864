package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
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

// Check runs one observation. config is a JSON object. It picks the
// operation as the wire contract says: a plugin with one operation runs it;
// otherwise the reserved key "operation" (the snake_case operation name)
// selects it, and "service" too when several services have an operation of
// that name. Both keys are removed from config, which is then validated
// against the operation's input type (and PluginDef.Config) and decoded
// into the input, filling defaults, before the handler runs.
//
// The Result is:
//   - success, with the handler's output as data (no data for a nil
//     output), when the handler returns a nil error;
//   - failure, with the error's message and the output as data, when the
//     error is a *Failure (see Failf);
//   - error, otherwise: of type config with code INVALID_CONFIG listing
//     every problem when the config does not validate, of type config when
//     the operation cannot be chosen (MISSING_OPERATION,
//     UNKNOWN_OPERATION, UNKNOWN_SERVICE, AMBIGUOUS_OPERATION,
//     INVALID_ROUTING; details list the available service/operation pairs),
//     and for a handler's error its message, with its type and code when it
//     is (or wraps) an *entities.ErrorDetail, else type execution.
func (d *PluginDefinition) Check(ctx context.Context, config []byte) (*entities.Result, error) {
	res, data, err := d.checkJSON(ctx, config)
	if err != nil || res == nil {
		return res, err
	}
	if res.Timestamp.IsZero() {
		res.Timestamp = time.Now().UTC()
	}
	if data == nil {
		return res, nil
	}
	if err := json.Unmarshal(data, &res.Data); err != nil {
		return nil, entities.NewErrorDetail(entities.ErrorTypeInternal, "decoding the output: "+err.Error())
	}
	return res, nil
}

// checkJSON is Check with the Result's data returned as JSON, for
// ObserveJSON to splice into the encoded Result without decoding it into a
// map first.
func (d *PluginDefinition) checkJSON(ctx context.Context, config []byte) (*entities.Result, []byte, error) {
	if d.err != nil {
		return nil, nil, entities.NewErrorDetail(entities.ErrorTypeInternal, d.err.Error()).WithCode("INVALID_PLUGIN")
	}
	fields, err := splitObject(config)
	if err != nil {
		// Check called directly with bad JSON (the lifecycle rejects it
		// before): let encoding/json say what is wrong.
		msg := "config must be a JSON object"
		if verr := validObject(config); verr != nil {
			msg = verr.Error()
		}
		return configError(CodeInvalidConfig, msg, nil), nil, nil
	}
	op, rerr := d.route(fields)
	if rerr != nil {
		return entities.ResultError(rerr), nil, nil
	}
	delete(fields, routeOperation)
	delete(fields, routeService)

	prep, err := d.prepare(op)
	if err != nil {
		return nil, nil, entities.ErrorDetailFrom(err, entities.ErrorTypeInternal)
	}

	// Decode the input and validate against Config: the problems of both
	// are reported together.
	var problems []problem
	in, inErr := op.inv.decode(prep.in, without(fields, prep.cfgOnly))
	if inErr != nil {
		problems = appendProblems(problems, inErr)
	}
	var cfg any
	if prep.cfg != nil {
		cfg = newOf(d.cfgType)
		if err := prep.cfg.Decode(without(fields, prep.inOnly), cfg); err != nil {
			problems = appendProblems(problems, err)
		}
	} else if d.cfgType != nil {
		cfg = in // Config is the input type itself
	}
	if len(problems) > 0 {
		return validationResult(op, problems), nil, nil
	}
	if cfg != nil {
		ctx = context.WithValue(ctx, configKey{}, cfg)
	}

	data, callErr := op.inv.call(ctx, in)
	switch {
	case callErr == nil:
		return &entities.Result{Status: entities.StatusSuccess}, data, nil
	case IsFailure(callErr):
		return &entities.Result{Status: entities.StatusFailure, Message: callErr.Error()}, data, nil
	default:
		return entities.ResultError(entities.ErrorDetailFrom(callErr, entities.ErrorTypeExecution)), data, nil
	}
}

// route picks the operation config selects, or explains why it cannot.
func (d *PluginDefinition) route(fields map[string]json.RawMessage) (*opEntry, *entities.ErrorDetail) {
	opName, hasOp, err := routingKey(fields, routeOperation)
	if err != nil {
		return nil, err
	}
	svcName, hasSvc, err := routingKey(fields, routeService)
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
		return nil, entities.NewErrorDetail(entities.ErrorTypeInternal, fmt.Sprintf("plugin %q has no operations; register a service with plugin.MustRegisterService", d.def.Name)).WithCode("NO_OPERATIONS")
	}
	if hasSvc {
		var inSvc []*opEntry
		for _, op := range cands {
			if op.svc.name == svcName {
				inSvc = append(inSvc, op)
			}
		}
		if len(inSvc) == 0 {
			names := d.serviceNames()
			msg := fmt.Sprintf("unknown service %q", svcName)
			details := map[string]any{"service": svcName, "services": toAny(names), "available": toAny(paths(d.ops))}
			if s := closest(svcName, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
				details["did_you_mean"] = s
			}
			msg += fmt.Sprintf("; set config %q to one of: %s", routeService, strings.Join(names, ", "))
			return nil, routeError(CodeUnknownService, msg, details)
		}
		cands = inSvc
	}
	if hasOp {
		var named []*opEntry
		for _, op := range cands {
			if op.name == opName {
				named = append(named, op)
			}
		}
		if len(named) == 0 {
			var names []string
			for _, op := range cands {
				names = append(names, op.name)
			}
			msg := fmt.Sprintf("unknown operation %q", opName)
			if hasSvc {
				msg = fmt.Sprintf("service %q has no operation %q", svcName, opName)
			}
			details := map[string]any{"operation": opName, "available": toAny(paths(cands))}
			if s := closest(opName, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
				details["did_you_mean"] = s
			}
			msg += "; available operations: " + strings.Join(paths(cands), ", ")
			return nil, routeError(CodeUnknownOperation, msg, details)
		}
		cands = named
	}
	if len(cands) == 1 {
		return cands[0], nil
	}
	if hasOp {
		var svcs []string
		for _, op := range cands {
			svcs = append(svcs, op.svc.name)
		}
		msg := fmt.Sprintf("operation %q is offered by several services (%s); set config %q to one of them: %s",
			opName, strings.Join(svcs, ", "), routeService, strings.Join(paths(cands), ", "))
		return nil, routeError(CodeAmbiguousOperation, msg, map[string]any{"operation": opName, "services": toAny(svcs), "available": toAny(paths(cands))})
	}
	what := fmt.Sprintf("plugin %q has several operations", d.def.Name)
	if hasSvc {
		what = fmt.Sprintf("service %q has several operations", svcName)
	}
	hint := fmt.Sprintf("set config %q", routeOperation)
	if !hasSvc && d.sharedNames() {
		hint = fmt.Sprintf("set config %q (and %q where services share an operation name)", routeOperation, routeService)
	}
	msg := fmt.Sprintf("no operation selected: %s; %s to one of: %s", what, hint, strings.Join(paths(cands), ", "))
	return nil, routeError(CodeMissingOperation, msg, map[string]any{"available": toAny(paths(cands))})
}

// routingKey reads a routing key: it must be a JSON string when present.
func routingKey(fields map[string]json.RawMessage, key string) (string, bool, *entities.ErrorDetail) {
	raw, ok := fields[key]
	if !ok {
		return "", false, nil
	}
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", false, routeError(CodeInvalidRouting, fmt.Sprintf("config %q must be a string naming the %s, got %s", key, key, jsonKind(raw)), map[string]any{"key": key})
	}
	return s, true, nil
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

// without returns fields minus the keys in drop, copying only when needed.
func without(fields map[string]json.RawMessage, drop map[string]bool) map[string]json.RawMessage {
	if len(drop) == 0 {
		return fields
	}
	need := false
	for k := range drop {
		if _, ok := fields[k]; ok {
			need = true
			break
		}
	}
	if !need {
		return fields
	}
	out := make(map[string]json.RawMessage, len(fields))
	for k, v := range fields {
		if !drop[k] {
			out[k] = v
		}
	}
	return out
}

// appendProblems adds err's problems. Config and the input often share a
// field, so a path that already has a problem (from the input, decoded
// first) gets no second one from Config.
func appendProblems(list []problem, err error) []problem {
	ps, ok := validationProblems(err)
	if !ok {
		ps = []problem{{Message: err.Error()}}
	}
	seen := make(map[string]int, len(list))
	for i, q := range list {
		seen[q.Path] = i
	}
	for _, p := range ps {
		i, dup := seen[p.Path]
		switch {
		case !dup:
			list = append(list, p)
		case len(p.Message) > len(list[i].Message) && strings.HasPrefix(p.Message, list[i].Message):
			// The same problem with more to say, such as an unknown
			// field with a "did you mean" from Config's field names.
			list[i] = p
		}
	}
	return list
}

// validationResult is the config error listing every problem.
func validationResult(op *opEntry, problems []problem) *entities.Result {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid config for %s: ", op.path())
	list := make([]any, len(problems))
	for i, p := range problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if p.Path != "" {
			b.WriteString(p.Path)
			b.WriteString(": ")
		}
		b.WriteString(p.Message)
		list[i] = map[string]any{"path": p.Path, "message": p.Message}
	}
	return configError(CodeInvalidConfig, b.String(), map[string]any{
		"service":   op.svc.name,
		"operation": op.name,
		"problems":  list,
	})
}
