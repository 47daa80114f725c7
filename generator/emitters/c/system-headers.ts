/**
 * The headers a C file including CDL's may also include by `<name.h>`: the C standard's (C11
 * and C23) and the POSIX and glibc ones tools and kernels commonly use. Includes search the
 * `-I` directories first, so a namespace header named like one of them (`stdint.h` for a
 * namespace `stdint`, `errno.h`, `elf.h`) would hide it, from CDL's own `#include <stdint.h>`
 * too: the C emitters name such files with `_` appended (common/file-stems.ts).
 */
export const SYSTEM_HEADER_STEMS: readonly string[] = [
  // C11 (7.1.2) and C23.
  'assert', 'complex', 'ctype', 'errno', 'fenv', 'float', 'inttypes', 'iso646', 'limits', 'locale', 'math', 'setjmp',
  'signal', 'stdalign', 'stdarg', 'stdatomic', 'stdbool', 'stddef', 'stdint', 'stdio', 'stdlib', 'stdnoreturn',
  'string', 'tgmath', 'threads', 'time', 'uchar', 'wchar', 'wctype', 'stdbit', 'stdckdint',
  // POSIX and glibc headers at the top of the include path.
  'aio', 'alloca', 'byteswap', 'cpio', 'dirent', 'dlfcn', 'elf', 'endian', 'err', 'fcntl', 'features', 'fnmatch',
  'ftw', 'getopt', 'glob', 'grp', 'iconv', 'langinfo', 'libgen', 'link', 'malloc', 'monetary', 'mqueue', 'netdb',
  'nl_types', 'poll', 'pthread', 'pwd', 'regex', 'sched', 'search', 'semaphore', 'spawn', 'strings', 'syslog',
  'tar', 'termios', 'ucontext', 'ulimit', 'unistd', 'utime', 'utmpx', 'wordexp',
];
