# cmake/CioGenerate.cmake - build async C (.ac files) with ciogen.
#
#   cio_generate(<target>
#                SOURCES a.ac [b.ac ...]
#                [INCLUDE_DIRS dir ...]   # where ciogen and the compiler look for
#                                         # the headers the inputs include
#                [OUTPUT_DIR dir]         # default: <binary dir>/ciogen/<target>
#                [DEPENDS file ...]       # extra files that should trigger regeneration
#                [OPTIONS opt ...])       # extra ciogen options, e.g. --no-line
#
# Runs ciogen once for all SOURCES (so they may await each other's
# functions, and recursion across them is detected), adds the generated
# .c files to <target> and the output directory to its include path
# (PUBLIC: other targets may await the public async functions through the
# generated headers). The directories of the .ac files are added too, for
# the headers they include. Link <target> with cio::cio yourself.
#
# ciogen reruns when an input changes, when a header an input includes
# changes (ciogen writes a depfile), and when any module or template of the
# generator changes - and only then. Paths in the generated files (#line,
# descriptors) are relative to the top-level source directory.
#
# This file works in the cio source tree (included by cio's
# CMakeLists.txt, also through add_subdirectory) and after installation
# (included by cioConfig.cmake, which sets CIO_GEN_DIR and
# CIO_RUNTIME_INCLUDE_DIR first).

include_guard(GLOBAL)

if(NOT DEFINED CIO_GEN_DIR)
  set(CIO_GEN_DIR "${CMAKE_CURRENT_LIST_DIR}/../gen")
endif()
if(NOT DEFINED CIO_RUNTIME_INCLUDE_DIR)
  set(CIO_RUNTIME_INCLUDE_DIR "${CMAKE_CURRENT_LIST_DIR}/../include")
endif()
get_filename_component(_cio_gen_dir "${CIO_GEN_DIR}" ABSOLUTE)
get_filename_component(_cio_rt_inc "${CIO_RUNTIME_INCLUDE_DIR}" ABSOLUTE)

# Python 3 with Jinja2. Looked for once; cio_generate() stops the
# configuration with instructions if it is missing.
find_package(Python3 COMPONENTS Interpreter QUIET)
set(_cio_py_ok FALSE)
if(Python3_Interpreter_FOUND)
  execute_process(COMMAND "${Python3_EXECUTABLE}" -c "import jinja2"
                  RESULT_VARIABLE _cio_jinja_rc OUTPUT_QUIET ERROR_QUIET)
  if(_cio_jinja_rc EQUAL 0)
    set(_cio_py_ok TRUE)
  endif()
endif()

file(GLOB _cio_gen_files CONFIGURE_DEPENDS
     "${_cio_gen_dir}/ciogen/*.py"
     "${_cio_gen_dir}/templates/*.j2")
list(APPEND _cio_gen_files "${_cio_gen_dir}/bin/ciogen")
list(SORT _cio_gen_files)

# Functions see the variables of their caller, not of this file: keep
# what cio_generate() needs in global properties.
set_property(GLOBAL PROPERTY CIO_GEN_DIR "${_cio_gen_dir}")
set_property(GLOBAL PROPERTY CIO_GEN_FILES "${_cio_gen_files}")
set_property(GLOBAL PROPERTY CIO_GEN_RUNTIME_INCLUDE "${_cio_rt_inc}")
set_property(GLOBAL PROPERTY CIO_GEN_PYTHON "${Python3_EXECUTABLE}")
set_property(GLOBAL PROPERTY CIO_GEN_PYTHON_OK "${_cio_py_ok}")

function(cio_generate target)
  cmake_parse_arguments(G "" "OUTPUT_DIR" "SOURCES;INCLUDE_DIRS;DEPENDS;OPTIONS" ${ARGN})
  get_property(gen_dir GLOBAL PROPERTY CIO_GEN_DIR)
  get_property(gen_files GLOBAL PROPERTY CIO_GEN_FILES)
  get_property(rt_inc GLOBAL PROPERTY CIO_GEN_RUNTIME_INCLUDE)
  get_property(python GLOBAL PROPERTY CIO_GEN_PYTHON)
  get_property(python_ok GLOBAL PROPERTY CIO_GEN_PYTHON_OK)
  if(NOT python_ok)
    if(python)
      set(found "found ${python}, but it cannot import jinja2")
    else()
      set(found "no Python 3 interpreter was found")
    endif()
    message(FATAL_ERROR
      "cio_generate(${target}): ciogen, cio's code generator, needs Python 3 "
      "with Jinja2 (${found}). Install it with\n"
      "    apt-get install -y python3-jinja2\n"
      "or\n"
      "    python3 -m pip install jinja2\n"
      "and run cmake again (-DPython3_EXECUTABLE=... picks another interpreter).")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "cio_generate: '${target}' is not a target")
  endif()
  if(NOT G_SOURCES)
    message(FATAL_ERROR "cio_generate(${target}): no SOURCES given")
  endif()
  if(G_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "cio_generate(${target}): unexpected arguments: ${G_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT G_OUTPUT_DIR)
    set(G_OUTPUT_DIR "${CMAKE_CURRENT_BINARY_DIR}/ciogen/${target}")
  endif()
  get_filename_component(outdir "${G_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")

  set(inputs)
  set(rel_inputs)
  set(outputs)
  set(c_outputs)
  set(src_dirs)
  foreach(src IN LISTS G_SOURCES)
    get_filename_component(abs "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_filename_component(base "${abs}" NAME_WLE)
    get_filename_component(dir "${abs}" DIRECTORY)
    # The path ciogen shows in #line and descriptors: relative to the
    # top-level source directory, where it runs.
    file(RELATIVE_PATH rel "${CMAKE_SOURCE_DIR}" "${abs}")
    list(APPEND inputs "${abs}")
    list(APPEND rel_inputs "${rel}")
    list(APPEND outputs "${outdir}/${base}.c" "${outdir}/${base}.h")
    list(APPEND c_outputs "${outdir}/${base}.c")
    list(APPEND src_dirs "${dir}")
  endforeach()
  list(REMOVE_DUPLICATES src_dirs)

  set(inc_args)
  set(inc_dirs)
  foreach(dir IN LISTS G_INCLUDE_DIRS)
    get_filename_component(absdir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND inc_args -I "${absdir}")
    list(APPEND inc_dirs "${absdir}")
  endforeach()
  string(REPLACE ";" " " shown "${rel_inputs}")

  # one depfile per call (a target may call cio_generate more than once)
  list(GET c_outputs 0 first_c)
  get_filename_component(first_base "${first_c}" NAME_WE)
  set(depfile "${outdir}/${target}.${first_base}.ciogen.d")
  add_custom_command(
    OUTPUT ${outputs}
    # -B: no __pycache__ in the generator's directory (it may be read-only)
    COMMAND "${python}" -B "${gen_dir}/bin/ciogen"
            -o "${outdir}" --runtime-include "${rt_inc}" --depfile "${depfile}"
            ${inc_args} ${G_OPTIONS} ${rel_inputs}
    DEPENDS ${inputs} ${gen_files} ${G_DEPENDS}
    DEPFILE "${depfile}"
    WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}"
    COMMENT "ciogen: ${shown}"
    VERBATIM)
  target_sources(${target} PRIVATE ${c_outputs})
  set_source_files_properties(${outputs} PROPERTIES GENERATED TRUE)
  target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${outdir}>")
  # the headers the inputs include, for the compiler too (PUBLIC: the
  # generated headers include them again)
  foreach(dir IN LISTS src_dirs inc_dirs)
    target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${dir}>")
  endforeach()
endfunction()
