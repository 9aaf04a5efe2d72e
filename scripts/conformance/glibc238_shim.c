/*
 * What a program built against glibc 2.38 and libstdc++ 13 may call that glibc 2.36 and
 * libstdc++ 12 (Debian 12) do not have, for LD_PRELOAD after weaken_versions.py.
 */
#include <stdlib.h>

/* C23's strto* differ from the classic ones only in also reading a "0b" prefix (base 0 or 2). */
long __isoc23_strtol(const char *s, char **end, int base) {
    return strtol(s, end, base);
}

long long __isoc23_strtoll(const char *s, char **end, int base) {
    return strtoll(s, end, base);
}

unsigned long __isoc23_strtoul(const char *s, char **end, int base) {
    return strtoul(s, end, base);
}

unsigned long long __isoc23_strtoull(const char *s, char **end, int base) {
    return strtoull(s, end, base);
}

/*
 * libstdc++ 13's <iostream> calls this so that the standard streams exist before use; older
 * libraries set them up when they are loaded, so there is nothing left to do.
 */
void _ZSt21ios_base_library_initv(void) {}
