// Typechecks a consumer program against one generated SDK with the project's typescript: the
// module `meshi-sdk` (and `meshi-sdk/*`) is mapped to that SDK's folder. The same mapping, written
// as a tsconfig, lets tsx run the consumer (TSX_TSCONFIG_PATH).

import { writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const SDK_MODULE = 'meshi-sdk';

export function compilerOptions(sdkDir: string): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    // The generated fetch client names DOM types (BodyInit); a partner's project has them too.
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    isolatedModules: true,
    esModuleInterop: true,
    paths: { [SDK_MODULE]: [join(resolve(sdkDir), 'index.ts')], [`${SDK_MODULE}/*`]: [join(resolve(sdkDir), '*')] },
  };
}

export interface CompileResult {
  readonly ok: boolean;
  /** The compiler's messages, `file(line,col): error TSnnnn: text`, files relative to cwd. */
  readonly diagnostics: readonly string[];
  readonly ms: number;
}

export function compileAgainst(files: readonly string[], sdkDir: string, cwd = process.cwd()): CompileResult {
  const started = Date.now();
  const program = ts.createProgram({ rootNames: files.map((f) => resolve(cwd, f)), options: compilerOptions(sdkDir) });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return `error TS${d.code}: ${text}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${relative(cwd, d.file.fileName)}(${line + 1},${character + 1}): error TS${d.code}: ${text}`;
  });
  return { ok: diagnostics.length === 0, diagnostics, ms: Date.now() - started };
}

/** Writes <dir>/tsconfig.json mapping `meshi-sdk` to `sdkDir` (for tsx); returns its path. */
export function writeRunTsconfig(sdkDir: string): string {
  const file = join(dirname(resolve(sdkDir)), 'tsconfig.json');
  const rel = (p: string) => `./${relative(dirname(file), p)}`;
  writeFileSync(
    file,
    `${JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', paths: { [SDK_MODULE]: [rel(join(resolve(sdkDir), 'index.ts'))], [`${SDK_MODULE}/*`]: [rel(join(resolve(sdkDir), '*'))] } } }, null, 2)}\n`,
  );
  return file;
}
