// The wasm file, as a bundler gives it when told to copy it (esbuild: --loader:.wasm=file):
// its URL, for `init({ module_or_path })`.
declare const url: string;
export default url;
