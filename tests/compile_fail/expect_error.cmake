# Compiles SOURCE with -fsyntax-only and passes only when the compile fails and one of the
# diagnostic's first 10 lines carries relata's sentence (EXPECT, a regular expression): the
# sentence a user reads first, not one buried under the compiler's template trace.
#   cmake -DCXX=... -DINCLUDES=a;b -DSOURCE=x.cpp -DEXPECT=regex -P expect_error.cmake
cmake_minimum_required(VERSION 3.20)
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only ${INCLUDES} ${SOURCE}
                RESULT_VARIABLE status ERROR_VARIABLE diagnostic OUTPUT_VARIABLE out)
if(status EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled; expected the error: ${EXPECT}")
endif()
string(REPLACE ";" "," diagnostic "${diagnostic}")
string(REPLACE "\n" ";" lines "${diagnostic}")
list(LENGTH lines count)
if(count GREATER 10)
  list(SUBLIST lines 0 10 lines)
endif()
string(JOIN "\n" head ${lines})
if(NOT head MATCHES "${EXPECT}")
  message(FATAL_ERROR "the first 10 lines of the diagnostic do not say: ${EXPECT}\n${head}")
endif()
message(STATUS "relata's sentence is in the first 10 lines")
