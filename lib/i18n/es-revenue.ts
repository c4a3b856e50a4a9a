import type { enRevenue } from "./en-revenue";

// Textos en español de la página de Ingresos, su detalle y la exportación contable.

export const esRevenue: typeof enRevenue = {
  revenue: {
    title: "Ingresos",
    description:
      "El MRR y lo que lo movió, mes a mes, y qué pasó con las renovaciones cuyo pago falló — por proveedor y moneda, según el reloj del proveedor, a partir de las suscripciones, líneas de tiempo y facturas que Beacon guarda. Cada cifra abre las suscripciones que hay detrás.",
    empty: "Ninguna suscripción ha estado activa en estos meses.",
    unpriced: "{count} suscripciones activas no tienen un plan de Beacon (su precio no está sincronizado) y quedan fuera del MRR.",
    chart: "MRR al cierre de cada mes",
    mrr: {
      title: "Movimientos del MRR",
      description:
        "Nuevo: primer mes activa. Expansión y contracción: el MRR de una suscripción activa subió o bajó. Baja: llegó a cero (cancelada, pausada, impaga); involuntaria cuando un pago fallido nunca se recuperó. Reactivación: activa otra vez tras un mes en cero.",
      month: "Mes",
      provider: "Proveedor",
      mrr: "MRR",
      subscriptions: "Activas",
      new: "Nuevo",
      expansion: "Expansión",
      contraction: "Contracción",
      churn: "Bajas",
      involuntary: "de ellas involuntarias",
      reactivation: "Reactivación",
      net: "Neto",
    },
    recovery: {
      title: "Renovaciones fallidas y recuperación",
      description:
        "Renovaciones cuyo primer intento de cobro falló en el mes: recuperadas cuando se pagaron después (en qué intento — el 2 es el primer reintento — y la mediana del tiempo desde el primer fallo), baja involuntaria cuando nunca se pagaron y la suscripción terminó, pendientes mientras el proveedor sigue reintentando.",
      none: "Ninguna renovación falló en estos meses.",
      failed: "Fallidas",
      recovered: "Recuperadas",
      churned: "Baja involuntaria",
      pending: "Pendientes",
      medianTime: "Mediana hasta recuperar",
      byAttempt: "Por intento",
      attempt: "intento {n}",
    },
    drill: {
      title: "Suscripciones detrás de una cifra",
      back: "← Ingresos",
      subscription: "Suscripción",
      customer: "Cliente",
      status: "Estado",
      mrr: "MRR",
      previous: "MRR anterior",
      invoice: "Total de la factura",
      attempt: "Intento",
      recoveredAfter: "Recuperada tras",
      outcome: "Resultado",
      none: "No hay suscripciones detrás de esta cifra.",
      limited: "Se muestran las primeras {limit}.",
      figures: {
        mrr: "Activas al cierre del mes",
        new: "Nuevas",
        expansion: "Expansión",
        contraction: "Contracción",
        churn: "Bajas",
        reactivation: "Reactivación",
        involuntary: "Bajas involuntarias",
        failed: "Renovaciones fallidas",
        recovered: "Renovaciones recuperadas",
        churned: "Renovaciones nunca recuperadas",
        pending: "Renovaciones en reintento",
      },
    },
  },
  exports: {
    title: "Exportación contable",
    description:
      "Un mes de facturas (líneas de impuestos, IVA, método de pago, RFC e identificadores fiscales, ids del proveedor), suscripciones o el registro de eventos, en CSV o JSON, por streaming. También `npm run beacon -- export`.",
    kind: "Qué",
    month: "Mes",
    format: "Formato",
    download: "Descargar",
    kinds: { invoices: "Facturas", subscriptions: "Suscripciones", events: "Registro de eventos" },
  },
};
