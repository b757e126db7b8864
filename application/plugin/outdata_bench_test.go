package plugin

import (
	"encoding/json"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/codec"
)

// The seed's wrapper path, per call: the handler's output JSON decoded into
// Result.Data, then the Result encoded; before (encoding/json decode, map
// encoded) and now (decodeData, the JSON spliced after sameData).
func BenchmarkWrapperOutput(b *testing.B) {
	data := []byte(`{"status_code":200,"url":"https://example.com/?a=1\u0026b=2","headers":{"Content-Type":"text/plain"},"body_size":2,"response_time_ms":12}`)
	res := &entities.Result{Status: entities.StatusSuccess}
	var buf []byte
	b.Run("encoding-json+encode-map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res.Data = nil
			if err := json.Unmarshal(data, &res.Data); err != nil {
				b.Fatal(err)
			}
			buf, _ = codec.AppendResult(buf[:0], res, nil)
		}
	})
	b.Run("decodeData+splice", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m, ok, err := decodeData(data)
			if err != nil || !ok {
				b.Fatal(err)
			}
			res.Data = m
			rememberOutput(res, data)
			buf, _ = codec.AppendResult(buf[:0], res, splicedOutput(res))
		}
	})
}
