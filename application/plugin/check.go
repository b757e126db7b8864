package plugin

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/errclass"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/flatstruct"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/schema"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// This file is the observe pipeline of a PluginDefinition: scan the config,
// route it to an operation (routing.go), decode and validate the input and
// Config together, call the handler and classify its outcome as a Result.

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
	res, data, out, err := d.run(ctx, config, checkedConfig(config))
	if err != nil || res == nil {
		return res, err
	}
	if res.Timestamp.IsZero() {
		res.Timestamp = time.Now().UTC()
	}
	if data == nil {
		return res, nil
	}
	// Result.Data is the map json.Unmarshal makes of data: built from the
	// output itself when it is a flat struct, else decoded from data.
	var m map[string]any
	splicable := false
	if out.flat != nil {
		m, splicable = out.flat.Map(reflect.ValueOf(out.value))
	}
	if m == nil {
		if m, splicable, err = decodeData(data); err != nil {
			return nil, entities.NewErrorDetail(entities.ErrorTypeInternal, "decoding the output: "+err.Error())
		}
	}
	res.Data = m
	if splicable {
		// A wrapper returning res unchanged gets data spliced into the
		// encoded Result, not res.Data encoded again (outdata.go).
		rememberOutput(res, data)
	}
	return res, nil
}

// checkJSON is Check with the Result's data returned as JSON, for
// ObserveJSON to splice into the encoded Result without decoding it into a
// map first. valid says the caller has checked that config is valid JSON
// (the lifecycle does, before any plugin runs); otherwise checkJSON checks,
// since the members are decoded without checking each again.
func (d *PluginDefinition) checkJSON(ctx context.Context, config []byte, valid bool) (*entities.Result, []byte, error) {
	res, data, _, err := d.run(ctx, config, valid)
	return res, data, err
}

// output is the handler's *O and its type's flatstruct.Codec (nil when
// not flat), for Check to build Result.Data from.
type output struct {
	value any
	flat  *flatstruct.Codec
}

// run is checkJSON, returning the handler's output as well.
func (d *PluginDefinition) run(ctx context.Context, config []byte, valid bool) (*entities.Result, []byte, output, error) {
	if d.err != nil {
		return nil, nil, output{}, entities.NewErrorDetail(entities.ErrorTypeInternal, d.err.Error()).WithCode(wire.CodeInvalidPlugin)
	}
	if !valid {
		if err := validObject(config); err != nil {
			return configError(CodeInvalidConfig, err.Error(), nil), nil, output{}, nil
		}
	}
	op, rerr := d.route(config)
	if rerr != nil {
		return entities.ResultError(rerr), nil, output{}, nil
	}

	prep, err := d.prepare(op)
	if err != nil {
		return nil, nil, output{}, entities.ErrorDetailFrom(err, entities.ErrorTypeInternal)
	}

	// Decode the input and validate against Config, each straight from the
	// config's bytes (no map of its members): the problems of both are
	// reported together.
	var problems []problem
	in, inErr := op.inv.decode(prep.in, config, prep.inSkip)
	if inErr != nil {
		problems = appendProblems(problems, inErr)
	}
	var cfg any
	if prep.cfg != nil {
		cfg = newOf(d.cfgType)
		var leave []string
		if prep.shared != nil {
			leave = prep.shared.Names
		}
		if err := prep.cfg.DecodeObject(config, prep.cfgSkip, leave, cfg); err != nil {
			problems = appendProblems(problems, err)
		} else if prep.shared != nil && inErr == nil {
			prep.shared.Copy(in, cfg)
		}
	} else if d.cfgType != nil {
		cfg = in // Config is the input type itself
	}
	if len(problems) > 0 {
		return validationResult(op, problems), nil, output{}, nil
	}
	if cfg != nil {
		ctx = context.WithValue(ctx, configKey{}, cfg)
	}

	flat := op.flatCodec()
	data, out, callErr := op.inv.call(ctx, in, flat)
	o := output{value: out, flat: flat}
	switch {
	case callErr == nil:
		return &entities.Result{Status: entities.StatusSuccess}, data, o, nil
	case IsFailure(callErr):
		return &entities.Result{Status: entities.StatusFailure, Message: callErr.Error()}, data, o, nil
	default:
		return entities.ResultError(errclass.Detail(callErr, entities.ErrorTypeExecution)), data, o, nil
	}
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
	schema.WriteProblems(&b, problems)
	list := make([]any, len(problems))
	for i, p := range problems {
		list[i] = map[string]any{"path": p.Path, "message": p.Message}
	}
	return configError(CodeInvalidConfig, b.String(), map[string]any{
		"service":   op.svc.name,
		"operation": op.name,
		"problems":  list,
	})
}
