# Toolchain file for bare-metal RISC-V (riscv64-unknown-elf-gcc, no libc):
#   cmake -S . -B build-rv -DCMAKE_TOOLCHAIN_FILE=cmake/riscv64-unknown-elf.cmake
# Only the library is built (backend `none`). The toolchain has no C
# library headers beyond the freestanding ones, so this build also checks
# that the core needs nothing more than <stddef.h>, <stdint.h>, <stdarg.h>
# and a vsnprintf/memset/memcpy provided by the application.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_C_FLAGS_INIT "-march=rv32imac -mabi=ilp32 -ffreestanding -ffunction-sections -fdata-sections")
