// Command libzkprover is built with -buildmode=c-shared into the one Go library the JVM loads.
// This file holds only the cgo exports; all logic lives in the packages under internal/.
package main

// #include <stdlib.h>
import "C"

var zkinferVersion = "dev"

func main() {}
