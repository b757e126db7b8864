package host_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
)

// Run one observation of a plugin with explicit grants. Everything not
// granted is refused: other hosts and ports, private and loopback
// addresses (unless named), other commands, other variables and files.
func ExampleHost_Load() {
	ctx := context.Background()
	wasm, err := os.ReadFile("plugin.wasm")
	if err != nil {
		log.Fatal(err)
	}
	h, err := host.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close(ctx)

	grants := entities.GrantSet{
		Network: &entities.NetworkCapability{Rules: []entities.NetworkRule{
			{Hosts: []string{"api.example.com", "*.example.net"}, Ports: []string{"443"}},
			{Hosts: []string{"10.0.0.0/8"}, Ports: []string{"5432"}}, // private ranges must be named
		}},
		Exec: &entities.ExecCapability{Commands: []string{"/usr/bin/systemctl"}},
		Env:  &entities.EnvCapability{Vars: []string{"AWS_*"}},
		FS: &entities.FileSystemCapability{Rules: []entities.FileSystemRule{
			{Read: []string{"/etc/hosts", "/etc/ssl/**/*.pem"}},
			{Write: []string{"/var/tmp/reglet"}},
		}},
	}
	p, err := h.Load(ctx, wasm,
		host.WithGrants(grants),
		host.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, nil))),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close(ctx)

	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	res, err := p.Observe(ctx, []byte(`{"url":"https://api.example.com/health"}`))
	if err != nil {
		log.Fatal(err) // the call itself failed: timeout, trap, bad output
	}
	fmt.Println(res.Status, res.Message)
	if res.Error != nil && res.Error.Type == entities.ErrorTypeCapability {
		fmt.Println("denied:", res.Error.Message) // "permission denied: network ... not granted; add {...}"
	}
}
