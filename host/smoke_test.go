package host_test

import (
	"context"
	"testing"

	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

func TestSmoke(t *testing.T) {
	ctx := context.Background()
	pl := plugintest.Load(t, plugintest.BuildSDK(t, "./examples/hello"))
	m, err := pl.ManifestJSON(ctx)
	t.Logf("manifest %s %v", m, err)
	r, err := pl.ObserveJSON(ctx, []byte(`{"name":"x"}`))
	t.Logf("result %s %v", r, err)
}
