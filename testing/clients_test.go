package plugintest_test

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
)

func tryNamer(ctx context.Context) (namer, bool) { return plugin.TryGetClient[namer](ctx) }
