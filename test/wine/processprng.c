/* Test-only: Wine 8 lacks bcryptprimitives.dll!ProcessPrng, which Rust's standard library
 * imports. `cargo xtask test --windows` compiles this into its Wine prefix (never into
 * what ships) as bcryptprimitives.dll, over RtlGenRandom (advapi32's SystemFunction036). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length > 0) {
    ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    length -= chunk;
  }
  return TRUE;
}
