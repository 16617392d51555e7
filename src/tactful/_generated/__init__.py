"""Machine-written data only: each file names the tool in tools/ that writes it, and a test
compares the file with a fresh run of that tool byte for byte. Do not edit by hand."""
