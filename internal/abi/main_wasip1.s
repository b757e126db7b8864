// Present so the compiler accepts the body-less mainMain declaration, whose
// body is main.main (see main_wasip1.go).
