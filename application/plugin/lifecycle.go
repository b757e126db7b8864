package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
	"unsafe"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/codec"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/errclass"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonscan"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/schema"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// MaxConfigSize is the largest observation config, in bytes, the SDK
// accepts (32 MiB). A larger config gets an error Result of type config with
// code CONFIG_TOO_LARGE naming both sizes, before any of it is parsed.
const MaxConfigSize = 32 << 20

// collectAfter is the config size from which a call ends with a garbage
// collection.
const collectAfter = 4 << 20

// maxStack bounds the stack trace carried by a panic Result.
const maxStack = 8 << 10

// ObserveJSON runs one observation of p the way the host's _observe does:
// config must be a JSON object; a panic in p becomes an error Result of type
// panic; an error from Check becomes an error Result keeping its type and
// code; metadata is filled in. It always returns a JSON Result and never
// panics, which is what lets one wasm instance serve call after call.
func ObserveJSON(ctx context.Context, p Plugin, config []byte) []byte {
	res, data := observe(ctx, p, config)
	return encodeResult(nil, res, data)
}

// jsonChecker is implemented by plugins that can produce a Result's data as
// JSON (PluginDefinition: a typed handler's output). ObserveJSON then
// splices that JSON into the encoded Result instead of decoding it into
// Result.Data and encoding it again.
type jsonChecker interface {
	checkJSON(ctx context.Context, config []byte, valid bool) (res *entities.Result, data []byte, err error)
}

// ManifestJSON returns p's Manifest as JSON, with sdk_version filled in. A
// failure (an error or panic in Manifest) is returned as a JSON object whose
// only member is "error", an ErrorDetail.
func ManifestJSON(ctx context.Context, p Plugin) []byte {
	m, err := manifest(ctx, p)
	if err != nil {
		b, _ := json.Marshal(struct {
			Error *entities.ErrorDetail `json:"error"`
		}{entities.ErrorDetailFrom(err, entities.ErrorTypeInternal)})
		return b
	}
	b, err := marshalManifest(m)
	if err != nil {
		return ManifestJSON(ctx, errorPlugin{entities.NewErrorDetail(entities.ErrorTypeInternal, "encoding manifest: "+err.Error())})
	}
	return b
}

// marshalManifest writes what json.Marshal(m) writes, without reflection
// (codec.AppendManifest: encoding/json would build an encoder per type of
// the Manifest on the instance's first _manifest) and without running
// Manifest.MarshalJSON, whose output encoding/json would scan and compact
// again. The defaults are the method's: an empty config_schema and nil
// services become {}.
func marshalManifest(m *entities.Manifest) ([]byte, error) {
	p := *m
	if len(p.ConfigSchema) == 0 {
		p.ConfigSchema = json.RawMessage(`{}`)
	}
	if p.Services == nil {
		p.Services = map[string]entities.ServiceInfo{}
	}
	return codec.AppendManifest(make([]byte, 0, manifestSizeHint(&p)), &p)
}

// manifestSizeHint guesses the encoded size from the schemas, which are
// most of it, so the buffer is allocated about once.
func manifestSizeHint(m *entities.Manifest) int {
	n := 512 + len(m.ConfigSchema)
	for _, s := range m.Services {
		for _, op := range s.Operations {
			n += 256 + len(op.InputSchema) + len(op.OutputSchema)
			for _, ex := range op.Examples {
				n += 64 + len(ex.Input) + len(ex.ExpectedOutput)
			}
		}
	}
	return n
}

func manifest(ctx context.Context, p Plugin) (m *entities.Manifest, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &entities.ErrorDetail{Type: entities.ErrorTypePanic, Message: fmt.Sprintf("plugin panic in Manifest: %v", r), Stack: stack()}
		}
	}()
	m, err = p.Manifest(ctx)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, entities.NewErrorDetail(entities.ErrorTypeInternal, "Manifest returned nil")
	}
	if m.SDKVersion == "" {
		m.SDKVersion = SDKVersion
	}
	return m, nil
}

// observe runs check and fills in the metadata. data, when not nil, is the
// Result's data as a JSON object, to be used instead of res.Data.
func observe(ctx context.Context, p Plugin, config []byte) (*entities.Result, []byte) {
	start := time.Now().UTC()
	res, data := check(ctx, p, config)
	end := time.Now().UTC()
	if res.Timestamp.IsZero() {
		res.Timestamp = end
	}
	if res.Metadata == nil {
		res.Metadata = &entities.RunMetadata{}
	}
	md := res.Metadata
	if md.StartTime.IsZero() {
		md.StartTime = start
	}
	if md.EndTime.IsZero() {
		md.EndTime = end
	}
	if md.SDKVersion == "" {
		md.SDKVersion = SDKVersion
	}
	if md.DurationNs == 0 {
		md.DurationNs = end.Sub(start).Nanoseconds()
	}
	return res, data
}

// check validates config and calls p.Check, converting every way it can go
// wrong into an error Result. data is the Result's data as JSON when p is a
// jsonChecker that produced it.
func check(ctx context.Context, p Plugin, config []byte) (res *entities.Result, data []byte) {
	if len(config) > MaxConfigSize {
		return entities.ResultError(entities.NewErrorDetail(entities.ErrorTypeConfig,
			fmt.Sprintf("config is %d bytes; the SDK accepts at most %d (plugin.MaxConfigSize)", len(config), MaxConfigSize)).WithCode(wire.CodeConfigTooLarge)), nil
	}
	if err := validObject(config); err != nil {
		return entities.ResultError(entities.NewErrorDetail(entities.ErrorTypeConfig, err.Error()).WithCode(wire.CodeInvalidConfig)), nil
	}
	if len(config) >= collectAfter {
		// What decoding a config this big left behind is collected now,
		// while little else is live: the next call's config needs a
		// block as big, and a wasm heap cannot give memory back, so left
		// to the pacer the garbage and a new block can exceed the
		// guest's memory (BENCHMARKS.md, "Big configs").
		defer runtime.GC()
	}
	defer func() {
		if r := recover(); r != nil {
			res, data = panicResult(r), nil
		}
	}()
	var err error
	if jc, ok := p.(jsonChecker); ok {
		res, data, err = jc.checkJSON(ctx, config, true)
	} else {
		res, err = checkMarked(ctx, p, config)
		// A wrapper around a PluginDefinition (the seed's myPlugin):
		// the handler's output JSON, when res.Data is still exactly it.
		// The hook is set by PluginDefinition.Check, so a plugin that
		// never links it does not link the splice check either.
		if f := spliceOutput.Load(); f != nil {
			data = (*f)(res)
		}
	}
	if err != nil {
		detail := errclass.Detail(err, entities.ErrorTypeExecution)
		if res != nil && res.Status == entities.StatusError {
			res.Error = detail
			if res.Message == "" {
				res.Message = detail.Message
			}
			return res, data
		}
		r := entities.ResultError(detail)
		if res != nil {
			r.Data = res.Data
		}
		return r, data
	}
	if res == nil {
		return entities.ResultError(entities.NewErrorDetail(entities.ErrorTypeInternal, "Check returned neither a Result nor an error")), nil
	}
	switch res.Status {
	case entities.StatusSuccess, entities.StatusFailure, entities.StatusError:
	default:
		return entities.ResultError(entities.NewErrorDetail(entities.ErrorTypeInternal, fmt.Sprintf("Check returned a Result with invalid status %q", res.Status))), nil
	}
	return res, data
}

// checkMarked calls p.Check with config recorded as checked, and forgets
// it however Check returns (a panic included): a caller may reuse the
// buffer afterwards, for bytes that were never checked.
func checkMarked(ctx context.Context, p Plugin, config []byte) (*entities.Result, error) {
	markChecked(config)
	defer markChecked(nil)
	return p.Check(ctx, config)
}

// checkedSlot is the config the lifecycle checked before calling a Plugin
// that is not a PluginDefinition (the seed README's myPlugin, which
// forwards to PluginDefinition.Check): Check then need not check the same
// bytes again, a full pass that matters for big configs.
var checkedSlot struct {
	mu sync.Mutex
	p  *byte
	n  int
}

// markChecked records that config is a valid JSON object (nil forgets).
func markChecked(config []byte) {
	checkedSlot.mu.Lock()
	checkedSlot.p, checkedSlot.n = unsafe.SliceData(config), len(config)
	checkedSlot.mu.Unlock()
}

// checkedConfig reports whether config is the very slice markChecked
// recorded (same bytes, same length), and forgets it: a config a wrapper
// built or copied is checked again. Identity is enough because the
// lifecycle never changes a config after checking it; a wrapper that
// rewrote the bytes in place would get them decoded unchecked.
func checkedConfig(config []byte) bool {
	checkedSlot.mu.Lock()
	ok := checkedSlot.p != nil && checkedSlot.p == unsafe.SliceData(config) && checkedSlot.n == len(config)
	checkedSlot.p, checkedSlot.n = nil, 0
	checkedSlot.mu.Unlock()
	return ok
}

func panicResult(r any) *entities.Result {
	msg := fmt.Sprintf("plugin panic: %v", r)
	return entities.ResultError(&entities.ErrorDetail{Type: entities.ErrorTypePanic, Message: msg, Stack: stack()})
}

func stack() []byte {
	s := debug.Stack()
	if len(s) > maxStack {
		s = s[:maxStack]
	}
	return s
}

// validObject reports why config is not a JSON object, or nil.
func validObject(config []byte) error {
	if !jsonscan.Valid(config) {
		var v any
		err := json.Unmarshal(config, &v)
		if len(bytes.TrimSpace(config)) == 0 {
			return fmt.Errorf("config is empty; want a JSON object")
		}
		return fmt.Errorf("config is not valid JSON: %v", err)
	}
	b := config[jsonscan.SkipSpace(config, 0):]
	if len(b) == 0 || b[0] != '{' {
		return fmt.Errorf("config must be a JSON object, got %s", jsonKind(b))
	}
	return nil
}

// jsonKind names the JSON type of b with its article, for messages: "an
// object", "a string", "null", "nothing" (schema.JSONType).
func jsonKind(b []byte) string {
	switch t := schema.JSONType(b); t {
	case "nothing", "null":
		return t
	case "object", "array":
		return "an " + t
	default:
		return "a " + t
	}
}

// encodeResult appends res as JSON to dst; data, when not nil, is the
// Result's data already encoded (a typed handler's output) and is used
// instead of res.Data. Data that cannot be encoded (a channel, a NaN)
// becomes an error Result naming the cause, so the host always gets JSON.
func encodeResult(dst []byte, res *entities.Result, data []byte) []byte {
	b, err := codec.AppendResult(dst, res, data)
	if err == nil {
		return b
	}
	fallback := entities.ResultError(entities.NewErrorDetail(entities.ErrorTypeInternal, "result data cannot be encoded as JSON: "+err.Error()).WithCode(wire.CodeEncode))
	fallback.Timestamp = res.Timestamp
	fallback.Metadata = res.Metadata
	b, err = json.Marshal(fallback)
	if err != nil {
		// Only the metadata is left that could fail; drop it.
		fallback.Metadata = nil
		b, _ = json.Marshal(fallback)
	}
	return b
}
