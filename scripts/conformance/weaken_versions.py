#!/usr/bin/env python3
"""Makes an ELF executable's symbol-version requirements optional, for a preloaded shim.

usage: weaken_versions.py BINARY VERSION...

For each VERSION the binary needs (GLIBC_2.38, GLIBCXX_3.4.32, ...), the requirement is marked
weak, so the dynamic loader only warns when the system's library lacks it, and every dynamic
symbol bound to that version becomes unversioned, so that a library in LD_PRELOAD that defines
it satisfies it. BINARY is rewritten in place; the unversioned symbols are printed, one a line,
for the caller to check against what its shim defines. Only 64-bit little-endian ELF files.
"""

import struct
import sys

VER_FLG_WEAK = 0x2
VER_NDX_GLOBAL = 1


def section_table(elf):
    """Maps each section's name to (offset, size) in the file."""
    (shoff,) = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)
    headers = []
    for i in range(shnum):
        name, _type, _flags, _addr, offset, size = struct.unpack_from("<IIQQQQ", elf, shoff + i * shentsize)
        headers.append((name, offset, size))
    names_at = headers[shstrndx][1]
    return {c_string(elf, names_at + name): (offset, size) for name, offset, size in headers}


def c_string(elf, at):
    return bytes(elf[at : elf.index(b"\0", at)]).decode()


def weaken(elf, wanted):
    """Marks the requirements named in `wanted` weak; returns their version indices by name."""
    sections = section_table(elf)
    for needed in (".dynstr", ".dynsym", ".gnu.version", ".gnu.version_r"):
        if needed not in sections:
            sys.exit(f"no {needed} section: not a dynamically linked, versioned executable")
    strings = sections[".dynstr"][0]
    indices = {}
    # Elf64_Verneed (one per library): vn_version, vn_cnt, vn_file, vn_aux, vn_next;
    # Elf64_Vernaux (one per version of it): vna_hash, vna_flags, vna_other, vna_name, vna_next.
    need = sections[".gnu.version_r"][0]
    while True:
        _version, count, _file, aux_offset, next_offset = struct.unpack_from("<HHIII", elf, need)
        aux = need + aux_offset
        for _ in range(count):
            _hash, flags, index, name, aux_next = struct.unpack_from("<IHHII", elf, aux)
            version = c_string(elf, strings + name)
            if version in wanted:
                struct.pack_into("<H", elf, aux + 4, flags | VER_FLG_WEAK)
                indices[version] = index
            aux += aux_next
        if next_offset == 0:
            break
        need += next_offset
    return sections, indices


def unversion_symbols(elf, sections, indices):
    """Makes every dynamic symbol bound to one of `indices` unversioned; returns their names."""
    strings = sections[".dynstr"][0]
    symbols, size = sections[".dynsym"]
    versions = sections[".gnu.version"][0]
    targets = set(indices.values())
    names = []
    for i in range(size // 24):  # sizeof(Elf64_Sym)
        (index,) = struct.unpack_from("<H", elf, versions + 2 * i)
        if index & 0x7FFF in targets:
            struct.pack_into("<H", elf, versions + 2 * i, VER_NDX_GLOBAL)
            (name,) = struct.unpack_from("<I", elf, symbols + 24 * i)
            names.append(c_string(elf, strings + name))
    return names


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    path, wanted = argv[1], set(argv[2:])
    with open(path, "rb") as f:
        elf = bytearray(f.read())
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        sys.exit(f"{path}: not a 64-bit little-endian ELF file")
    sections, indices = weaken(elf, wanted)
    missing = wanted - indices.keys()
    if missing:
        sys.exit(f"{path}: needs no version {', '.join(sorted(missing))}")
    names = unversion_symbols(elf, sections, indices)
    with open(path, "wb") as f:
        f.write(elf)
    for name in sorted(names):
        print(name)


if __name__ == "__main__":
    main(sys.argv)
