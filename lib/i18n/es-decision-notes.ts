// Webhook decision notes are written in English by the handlers (they are the operator's log
// too). Spanish readers get them translated here, clause by clause (`; ` joins the notes of one
// event); a clause no rule knows is shown as written.

type Words = Record<string, string>;
type Rule = [RegExp, (m: string[]) => string];

export function decisionNoteTranslator(words: { subscription: Words; invoice: Words; checkout: Words; fields: Words }): (note: string) => string {
  const word = (table: Words, v: string) => table[v] ?? v;
  const rules: Rule[] = [
    [/^No handler for (Stripe|Conekta) event type (\S+)$/, ([, p, type]) => `Beacon no procesa el tipo de evento ${type} de ${p}`],
    [/^(\S+) is not a Beacon checkout$/, ([, id]) => `${id} no es un checkout de Beacon`],
    [/^Checkout already (\w+)$/, ([, st]) => `Checkout ya ${word(words.checkout, st!)}`],
    [/^subscription linked$/, () => "suscripción vinculada"],
    [/^Checkout (\w+)$/, ([, st]) => `Checkout ${word(words.checkout, st!)}`],
    [/^Customer (\S+) recorded$/, ([, id]) => `Cliente ${id} registrado`],
    [/^Older than the subscription's state at (\S+)$/, ([, at]) => `Anterior al estado de la suscripción del ${at}`],
    [/^A newer state was applied while this event was processed$/, () => "Se aplicó un estado más reciente mientras se procesaba este evento"],
    [/^Re-fetched: (.+)$/, ([, rest]) => `Reconsultado: ${clause(rest!)}`],
    [
      /^Subscription (.+?) \((.+)\)$/,
      ([, states, changed]) =>
        `Suscripción ${states!.split(" → ").map((s) => word(words.subscription, s)).join(" → ")} (${changed!.split(", ").map((f) => word(words.fields, f)).join(", ")})`,
    ],
    [/^Already (\w+); nothing changed$/, ([, st]) => `Ya ${word(words.subscription, st!)}; sin cambios`],
    [/^Invoice (\S+) (\w+): (.+) incl\. tax (.+) \((.+)\)$/, ([, id, st, total, tax, how]) => `Factura ${id} ${word(words.invoice, st!)}: ${total} con impuesto ${tax} (${how})`],
    [/^Connection disconnected \(deauthorized\)$/, () => "Conexión desconectada (autorización revocada)"],
    [/^Connection re-retrieved: (\w+)$/, ([, st]) => `Conexión reconsultada: ${st}`],
    [/^No Beacon connection claims this event's account$/, () => "Ninguna conexión de Beacon corresponde a la cuenta de este evento"],
  ];
  function translated(text: string): string | null {
    for (const [pattern, write] of rules) {
      const m = pattern.exec(text);
      if (m) return write([...m]);
    }
    return null;
  }
  // A rule may span a `; ` ("Already active; nothing changed"): the whole text is tried first.
  const clause = (text: string): string => translated(text) ?? text.split("; ").map((part) => translated(part) ?? part).join("; ");
  return clause;
}
