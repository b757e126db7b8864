package testkit

import (
	"strings"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// NetGrant is a GrantSet with these network rules and nothing else.
func NetGrant(rules ...entities.NetworkRule) entities.GrantSet {
	return entities.GrantSet{Network: &entities.NetworkCapability{Rules: rules}}
}

// NetRule is a network rule from comma-separated hosts and ports, e.g.
// NetRule("127.0.0.1,localhost", "80,443").
func NetRule(hosts, ports string) entities.NetworkRule {
	return entities.NetworkRule{Hosts: strings.Split(hosts, ","), Ports: strings.Split(ports, ",")}
}
