# Fails when a compiled (erased) source of relata parses Boost.MultiIndex: the typed
# headers (table.hpp, typed_store.hpp) belong to the façade's templates only.
string(REPLACE "|" ";" sources "${SOURCES}")
set(bad "")
foreach(src IN LISTS sources)
  execute_process(COMMAND ${CXX} -std=c++20 -M -I${ROOT}/engine/include -I${ROOT}/api/include ${src}
                  OUTPUT_VARIABLE deps RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cannot read the includes of ${src}")
  endif()
  if(deps MATCHES "boost/multi_index")
    list(APPEND bad ${src})
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "compiled sources that include Boost.MultiIndex: ${bad}")
endif()
list(LENGTH sources n)
message("${n} compiled sources, none includes Boost.MultiIndex")
