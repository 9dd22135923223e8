/* The bare byte-scan baseline for compare.sh: reads a CSV in 1 MiB chunks and walks every byte
 * once with a quote-aware field state machine (delimiters, CR/LF, quoted fields with ""),
 * counting records and fields and summing the digits of unquoted fields. No rows are stored and
 * nothing is computed per group: it is the floor any CSV analysis has to pay (research/tech.md §2
 * measured the same loop in Swift at 720–795 MB/s). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: bytescan FILE.csv\n"); return 64; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 66; }
    enum { CHUNK = 1 << 20 };
    unsigned char *buf = malloc(CHUNK);
    long long records = 0, fields = 0, digitSum = 0, bytes = 0;
    int inQuotes = 0, quoteSeen = 0, value = 0;
    size_t n;
    while ((n = fread(buf, 1, CHUNK, f)) > 0) {
        bytes += n;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = buf[i];
            if (inQuotes) {
                if (c == '"') { inQuotes = 0; quoteSeen = 1; }
                continue;
            }
            if (c == '"') { if (quoteSeen) { inQuotes = 1; quoteSeen = 0; } else inQuotes = 1; continue; }
            quoteSeen = 0;
            if (c == ',') { fields++; digitSum += value; value = 0; }
            else if (c == '\n') { fields++; records++; digitSum += value; value = 0; }
            else if (c >= '0' && c <= '9') value = value * 10 + (c - '0');
        }
    }
    fclose(f);
    free(buf);
    printf("bytes=%lld records=%lld fields=%lld digitsum=%lld\n", bytes, records, fields, digitSum);
    return 0;
}
