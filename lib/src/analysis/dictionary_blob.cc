// SPDX-License-Identifier: GPL-3.0-or-later
//
// Links the dictionary table built by referat_make_dictionary (REFERAT_DICTIONARY_BLOB,
// set by lib/CMakeLists.txt) into the library's read-only data.
#define REFERAT_STRINGIFY2(x) #x
#define REFERAT_STRINGIFY(x) REFERAT_STRINGIFY2(x)

__asm__(".section .rodata\n"
        ".balign 16\n"
        ".global referat_dictionary_blob\n"
        ".hidden referat_dictionary_blob\n"
        ".type referat_dictionary_blob, @object\n"
        "referat_dictionary_blob:\n"
        ".incbin \"" REFERAT_STRINGIFY(REFERAT_DICTIONARY_BLOB) "\"\n"
        ".global referat_dictionary_blob_end\n"
        ".hidden referat_dictionary_blob_end\n"
        "referat_dictionary_blob_end:\n"
        ".byte 0\n"
        ".previous\n");
