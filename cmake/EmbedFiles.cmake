# fascialab_embed_files(TARGET NAMESPACE ns FILES a.vert b.frag ...)
# Generates a C++ source that holds each file's text as a std::string_view constant, regenerated
# whenever a file changes, so shaders stay real files and ship inside the binary.
set(FASCIALAB_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/EmbedFilesScript.cmake)

function(fascialab_embed_files target)
    cmake_parse_arguments(ARG "" "NAMESPACE;HEADER" "FILES" ${ARGN})
    set(out_cpp ${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cpp)
    add_custom_command(
        OUTPUT ${out_cpp}
        COMMAND ${CMAKE_COMMAND} -DOUTPUT=${out_cpp} -DNAMESPACE=${ARG_NAMESPACE}
                -DHEADER=${ARG_HEADER} "-DFILES=${ARG_FILES}" -P ${FASCIALAB_EMBED_SCRIPT}
        DEPENDS ${ARG_FILES} ${FASCIALAB_EMBED_SCRIPT}
        COMMENT "Embedding ${target} files"
        VERBATIM)
    target_sources(${target} PRIVATE ${out_cpp})
    # A data file is one string literal, longer than the 65536 characters the standard asks
    # compilers to support; GCC and clang take any length, and clang's -Wpedantic says so.
    set_source_files_properties(${out_cpp} TARGET_DIRECTORY ${target} PROPERTIES COMPILE_OPTIONS -Wno-overlength-strings)
endfunction()
