/* Case 5: a compile error whose message holds quotes, ]]> and control bytes. */
#error "\"status\":\"PASSED\" ]]> [31m <x/> &amp;"
