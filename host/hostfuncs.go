package host

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// hostFuncSigs lists the reglet_host imports and whether each returns a
// packed response (all but log_message do).
var hostFuncSigs = map[string]bool{
	wire.HTTPRequestFn: true,
	wire.DNSLookupFn:   true,
	wire.TCPConnectFn:  true,
	wire.SMTPConnectFn: true,
	wire.ExecCommandFn: true,
	wire.LogMessageFn:  false,
}

// instantiateHostModule defines reglet_host on rt. The functions are
// stack-based (api.GoModuleFunc): wazero's reflective form costs about
// twenty times more per call. Each looks up the calling Instance in the
// context, so one module serves every plugin with its own options.
func instantiateHostModule(ctx context.Context, rt wazero.Runtime) error {
	b := rt.NewHostModuleBuilder(wire.Module)
	i64 := []api.ValueType{api.ValueTypeI64}
	for name, hasResult := range hostFuncSigs {
		name := name
		if hasResult {
			b.NewFunctionBuilder().
				WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, mod api.Module, stack []uint64) {
					stack[0] = serve(ctx, mod, name, stack[0])
				}), i64, i64).
				WithParameterNames("request").
				Export(name)
		} else {
			b.NewFunctionBuilder().
				WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, mod api.Module, stack []uint64) {
					serve(ctx, mod, name, stack[0])
				}), i64, nil).
				WithParameterNames("request").
				Export(name)
		}
	}
	_, err := b.Instantiate(ctx)
	return err
}

// serve reads the request the guest sent to import name, runs the
// HostFunc for it and writes the response back into guest memory.
func serve(ctx context.Context, mod api.Module, name string, packed uint64) uint64 {
	in := callingInstance(ctx)
	if in == nil {
		return 0
	}
	ptr, n := wire.Unpack(packed)
	var resp []byte
	dialectH := in.cfg.dialect == DialectH
	if n > wire.MaxRequestBytes {
		if dialectH {
			resp = hValidation(fmt.Sprintf("request size %d exceeds maximum %d bytes", n, wire.MaxRequestBytes))
		} else {
			resp = errorResponse(entities.ErrorTypeValidation, wire.CodeRequestTooLarge,
				fmt.Sprintf("%s request of %d bytes exceeds the host's %d-byte limit", name, n, wire.MaxRequestBytes))
		}
	} else if view, ok := mod.Memory().Read(ptr, n); !ok {
		if dialectH {
			resp = hInternal("failed to read request from guest memory")
		} else {
			resp = errorResponse(entities.ErrorTypeValidation, wire.CodeBadRequest,
				fmt.Sprintf("%s request (ptr %#x, len %d) is outside the plugin's memory", name, ptr, n))
		}
	} else {
		req := make([]byte, n)
		copy(req, view)
		fn := in.cfg.hostFuncs[name]
		if fn == nil && dialectH {
			fn = hostFuncH(name)
		} else if fn == nil {
			fn = defaultHostFunc(name)
		}
		resp = callHostFunc(ctx, name, fn, req, dialectH)
	}
	if !hostFuncSigs[name] {
		return 0
	}
	return in.writeResponse(ctx, resp)
}

// errorResponse is a response whose only member is error, the shape every
// reglet_host response shares for failures.
func errorResponse(errType, code, msg string) []byte {
	b, _ := json.Marshal(struct {
		Error *entities.ErrorDetail `json:"error"`
	}{&entities.ErrorDetail{Type: errType, Code: code, Message: msg}})
	return b
}

// Grants returns the GrantSet in force for the plugin call that ctx belongs
// to (the ctx a HostFunc receives). A HostFunc that enforces grants itself
// reads them here.
func Grants(ctx context.Context) entities.GrantSet {
	if in := callingInstance(ctx); in != nil {
		return in.cfg.grants
	}
	return entities.GrantSet{}
}

// callHostFunc runs fn, turning a panic into an internal error response so
// a faulty host function (a WithHostFunc override included) never crashes
// the host process or traps the guest. Under dialect H the response is
// that host's INTERNAL_ERROR "panic: ...".
func callHostFunc(ctx context.Context, name string, fn HostFunc, req []byte, dialectH bool) (resp []byte) {
	defer func() {
		if r := recover(); r != nil {
			if dialectH {
				resp = hInternal(fmt.Sprintf("panic: %v", r))
				return
			}
			resp = panicResponse(name, r)
		}
	}()
	return fn(ctx, req)
}
