import type { enOperations } from "./en-operations";

// Spanish texts of the on-call operations; type-checked against the English ones.

export const esOperations: typeof enOperations = {
  operations: {
    apiVersion: {
      label: "Versión de la API",
      noneYet: "sin eventos esta semana",
      upgrade: "Ruta de actualización",
      stepAdd: (current: string, expected: string) => `Agrega un segundo endpoint en ${expected}: el proveedor genera cada evento una vez por endpoint, así que el endpoint en ${current} sigue entregando mientras tanto.`,
      addEndpoint: (expected: string) => `Agregar endpoint en ${expected}`,
      operatorRuns: "Este endpoint es el compartido de Beacon; los operadores de Beacon ejecutan",
      stepOverlap: (hours: number) => `Convivencia: ambos endpoints entregan durante ${hours} h. La bandeja de Beacon guarda una copia de cada evento (única por su id) y esta fila muestra ambas versiones.`,
      stepRetire: (expected: string) => `Retiro: al terminar la convivencia Beacon borra el endpoint anterior; la alerta desaparece cuando los eventos más recientes llegan en ${expected}.`,
    },
    replay: {
      title: "Reprocesar por filtro",
      description: "Elige qué eventos correr de nuevo. Beacon muestra primero el plan: cuántos, de qué tipos y qué haría cada uno ahora. Los eventos vuelven a la cola, así que los workers aplican cada uno una sola vez.",
      open: "Elegir eventos…",
      close: "Cerrar",
      status: "Estado",
      statuses: { dead: "Muertos (sin reintentos)", failed: "Fallidos (esperando reintento)", ignored: "Ignorados" },
      provider: "Proveedor",
      anyProvider: "Cualquier proveedor",
      type: "El tipo empieza con",
      from: "Recibidos desde",
      to: "Recibidos hasta",
      objectId: "Id de objeto",
      plan: "Ver plan",
      planning: "Calculando…",
      run: (n: number) => `Reprocesar ${n} ${n === 1 ? "evento" : "eventos"}`,
      running: "Encolando…",
      nothing: "Ningún evento coincide con este filtro.",
      planSummary: (n: number, types: number) => `${n} ${n === 1 ? "evento" : "eventos"} de ${types} ${types === 1 ? "tipo" : "tipos"} correrían de nuevo.`,
      capped: (n: number) => `Un reproceso encola los ${n} más antiguos; córrelo otra vez para el resto.`,
      columns: { type: "Tipo", events: "Eventos", now: "Qué haría ahora" },
      handled: (handlers: string) => `ejecuta: ${handlers}`,
      stillIgnored: "sigue ignorado",
      progress: (settled: number, queued: number) => `Reprocesando: ${settled} de ${queued} resueltos…`,
      done: (queued: number) => `Reproceso terminado: ${queued} ${queued === 1 ? "evento corrió" : "eventos corrieron"} de nuevo.`,
      statusCount: { pending: "en espera", processing: "en curso", processed: "procesados", ignored: "ignorados", failed: "fallaron de nuevo (reintentando)", dead: "muertos de nuevo" },
    },
  },
};
