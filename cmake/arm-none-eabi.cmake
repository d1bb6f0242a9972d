# Toolchain file for Cortex-M (arm-none-eabi-gcc with newlib):
#   cmake -S . -B build-arm -DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi.cmake
# The backend defaults to `none` (CMAKE_SYSTEM_NAME Generic); only the
# library is built. Set CIO_ARM_CPU_FLAGS for another core.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CIO_ARM_CPU_FLAGS "-mcpu=cortex-m4 -mthumb" CACHE STRING "CPU flags")
set(CMAKE_C_FLAGS_INIT "${CIO_ARM_CPU_FLAGS} -ffunction-sections -fdata-sections")
