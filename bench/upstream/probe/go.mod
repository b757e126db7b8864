module my-plugin

go 1.25.0

require github.com/reglet-dev/reglet-plugin-sdk v0.0.0

replace github.com/reglet-dev/reglet-plugin-sdk => ../../..
