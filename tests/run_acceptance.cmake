# Runs ../shared/acceptance/check_parse.py against the built referat; prints
# "skipped: ..." (ctest's SKIP_REGULAR_EXPRESSION) when ../shared is not there.
if(NOT EXISTS "${SHARED}/acceptance/check_parse.py")
  message("skipped: no ${SHARED}/acceptance/check_parse.py")
  return()
endif()
execute_process(COMMAND ${PYTHON} ${SHARED}/acceptance/check_parse.py ${REFERAT} ${SHARED}/corpus
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "check_parse.py failed (${rc})")
endif()
