import { createRequire } from "node:module";
import path from "node:path";
import ts from "typescript";

// Test support: the fields the installed `stripe` package declares for an object type,
// read from its TypeScript declarations with the compiler's own checker, so the shape
// test follows whatever API version the pinned SDK describes.

const require = createRequire(import.meta.url);
// `stripe/package.json` is not exported; its main entry sits in `<root>/cjs/`.
const stripeRoot = path.resolve(path.dirname(require.resolve("stripe")), "..");

/**
 * `file` is relative to `stripe/esm/resources`; `name` the exported interface, or a nested one
 * through its namespaces (`Charge.PaymentMethodDetails.Card`).
 */
export interface DeclaredType {
  file: string;
  name: string;
}

export interface DeclaredFields {
  /** Fields every object of the type carries (possibly null). */
  required: string[];
  /** Fields marked optional: includable (`invoice.payments`), conditional or `deleted`. */
  optional: string[];
}

export function declaredFields(types: Record<string, DeclaredType>): Record<string, DeclaredFields> {
  const files = [...new Set(Object.values(types).map((t) => path.join(stripeRoot, "esm/resources", t.file)))];
  const program = ts.createProgram(files, { noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const out: Record<string, DeclaredFields> = {};
  for (const [kind, { file, name }] of Object.entries(types)) {
    const source = program.getSourceFile(path.join(stripeRoot, "esm/resources", file));
    if (!source) throw new Error(`stripe declares no ${file}`);
    let scope = checker.getSymbolAtLocation(source);
    let symbol: ts.Symbol | undefined;
    for (const part of name.split(".")) {
      symbol = scope && checker.getExportsOfModule(scope).find((s) => s.name === part);
      scope = symbol;
    }
    if (symbol && !(symbol.flags & ts.SymbolFlags.Interface)) symbol = undefined;
    if (!symbol) throw new Error(`${file} exports no interface ${name}`);
    const props = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol));
    const isOptional = (p: ts.Symbol) => (p.flags & ts.SymbolFlags.Optional) !== 0;
    out[kind] = {
      required: props.filter((p) => !isOptional(p)).map((p) => p.name).sort(),
      optional: props.filter(isOptional).map((p) => p.name).sort(),
    };
  }
  return out;
}
