# Opens the real viewer window on the default body under a virtual X server (or the display
# that is there), lets it save a screenshot and quit, and checks the picture is not blank.
file(REMOVE ${OUT})
# The default body's cache is the test programs', not the user's.
set(ENV{XDG_CACHE_HOME} ${CACHE_DIR})
# EXTRA: more arguments for the viewer (a lesson to open), separated by semicolons.
set(command ${FASCIALAB} ${EXTRA} --screenshot ${OUT})
if(NOT DEFINED ENV{DISPLAY} OR "$ENV{DISPLAY}" STREQUAL "")
    find_program(XVFB_RUN xvfb-run)
    if(NOT XVFB_RUN)
        message(FATAL_ERROR "no DISPLAY and no xvfb-run: install xvfb (scripts/install-deps.sh)")
    endif()
    set(command ${XVFB_RUN} -a -s "-screen 0 1600x1000x24" ${command})
endif()
# A guard against a hung viewer, not a speed check: without a cached body the viewer generates
# one first, which takes minutes under the sanitizers on a busy 2-core machine.
set(TIMEOUT_S 600)
execute_process(COMMAND ${command} RESULT_VARIABLE rc TIMEOUT ${TIMEOUT_S})
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "viewer exited with ${rc} (time limit ${TIMEOUT_S} s)")
endif()
if(NOT EXISTS ${OUT})
    message(FATAL_ERROR "viewer wrote no screenshot")
endif()
file(SIZE ${OUT} size)
# A blank 1440x900 PNG compresses to a few kB; panels, text and a lit body do not.
if(size LESS 40000)
    message(FATAL_ERROR "screenshot is suspiciously small (${size} bytes): blank window?")
endif()
message(STATUS "viewer screenshot ${OUT}: ${size} bytes")
