package config_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/application/config"
)

func Example() {
	var cfg map[string]any
	_ = json.Unmarshal([]byte(`{"hostname":"db1","verbose":true}`), &cfg)

	hostname, err := config.MustGetString(cfg, "hostname") // error if missing
	port := config.GetIntDefault(cfg, "port", 443)         // default if missing
	verbose, ok := config.GetBool(cfg, "verbose")          // ok=false if missing
	fmt.Println(hostname, err, port, verbose, ok)

	_, err = config.MustGetString(cfg, "url")
	fmt.Println(err, errors.Is(err, config.ErrMissing))
	// Output:
	// db1 <nil> 443 true true
	// config field "url" is required (string) true
}
