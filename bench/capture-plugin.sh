#!/bin/sh
# A protoc plugin that saves the CodeGeneratorRequest it gets to $CAPTURE_REQUEST and answers
# with a CodeGeneratorResponse that only declares proto3 optional support (field 2 = 1), as
# protoc-gen-rustsvc, protoc-gen-prost and protoc-gen-tonic do.
cat > "${CAPTURE_REQUEST:?set CAPTURE_REQUEST to the file to write}" || exit 1
printf '\020\001'
