/* Case 8: a fork bomb (k < 0), a write outside the build folder and a
 * network connection (max). The policy rejects them; with it off the
 * sandbox stops them. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    while (k < 0.0f) fork();
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}

float ex01_max(const float *x, size_t n) {
    /* Next to the copied source (the grader's work folder), and in /var/tmp:
     * both must stay read-only. (/tmp is a private, throw-away tmpfs.) */
    FILE *f = fopen(__FILE__ ".escaped", "w");
    if (!f) f = fopen("/var/tmp/wb-grader-escaped", "w");
    if (f) {
        fputs("escaped\n", f);
        fclose(f);
    }
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(80);
    a.sin_addr.s_addr = htonl(0x01010101);
    int connected = s >= 0 && connect(s, (struct sockaddr *)&a, sizeof a) == 0;
    if (f || connected) return -1.0f; /* escaped: this test must fail */
    CHECK(n > 0, "empty (n = %zu)", n);
    float m = x[0];
    for (size_t i = 1; i < n; i++)
        if (x[i] > m) m = x[i];
    return m;
}
