import type { enInvitations } from "./en-invitations";

// La página de invitación y el correo de invitación (español), con la forma de en-invitations.ts.

export const esInvitations: typeof enInvitations = {
  invitations: {
    title: "Invitación",
    heading: (org: string) => `Únete a ${org} en Beacon`,
    organization: "Organización",
    role: "Rol",
    invitedBy: "Invitación de",
    invitedEmail: "Invitación para",
    expires: "El enlace vence",
    accept: "Aceptar invitación",
    accepting: "Uniéndote…",
    invalidTitle: "Este enlace no es válido",
    invalid: "La invitación pudo haber vencido, haberse usado o haberse revocado. Pide un enlace nuevo a quien te invitó.",
    wrongAccount: (invited: string, current: string) =>
      `Esta invitación es para ${invited} y tienes la sesión iniciada como ${current}. Cierra sesión e inicia sesión o crea una cuenta con ${invited} para aceptarla.`,
    signOut: "Cerrar sesión y cambiar de cuenta",
    alreadyMember: (org: string) => `Ya eres miembro de ${org}. Aceptar usa el enlace y conserva tu rol.`,
    goHome: "Ir a Beacon",
    signInHint: "Inicia sesión, o crea una cuenta con el correo invitado, para ver y aceptar esta invitación.",
    email: {
      subject: (org: string) => `Te invitaron a ${org} en Beacon`,
      intro: (inviter: string | null, org: string, role: string) =>
        `${inviter ?? "Alguien"} te invitó a unirte a ${org} en Beacon como ${role}. Abre este enlace con la sesión iniciada con este correo (crea una cuenta con él si no tienes) para aceptar:`,
      action: "Aceptar la invitación",
      expires: (when: string) => `El enlace funciona una sola vez y vence el ${when}.`,
      ignore: "Si no esperabas esta invitación, ignora este correo: no pasa nada a menos que se abra el enlace y se acepte.",
    },
  },
};
