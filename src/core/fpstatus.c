// fpstatus: the floating point status word shared with extension modules.
// wasm has no floating point status flags; numpy (patched, see
// packages/numpy/0002-*) records the flags it sets explicitly here, so that
// every side module (each with its own npymath) sees the same status.
// Exported to side modules like every pyxis_* symbol (tools/link-runtime.sh).
int pyxis_fp_status = 0;
