// The Go side of tests/go_differential.rs: the request types as the Go server has them,
// read by encoding/json. Standard library only, so it builds offline.
module iqchannels-proto/tests/go

go 1.19
