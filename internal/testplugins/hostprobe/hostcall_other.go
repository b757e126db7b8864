//go:build !wasip1

package main

import "errors"

func rawHostCall() (int, error) { return 0, errors.New("no host natively") }
