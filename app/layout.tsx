import type { Metadata } from "next";
import { headers } from "next/headers";
import { Providers } from "@/components/providers";
import { getLocale } from "@/lib/i18n/get-dictionary";
import { I18nProvider } from "@/lib/i18n/i18n-context";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Beacon", template: "%s · Beacon" },
  description: "Billing operations for Stripe Connect and Conekta subscriptions",
  icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
};

// Applies the saved or system theme before first paint, so there is no flash of the wrong one.
const themeScript = `try{var t=localStorage.getItem("theme");if(t==="dark"||(!t&&matchMedia("(prefers-color-scheme: dark)").matches))document.documentElement.classList.add("dark")}catch(e){}`;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  // proxy.ts's per-response nonce: the Content-Security-Policy runs no inline script without it.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang={locale} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen font-sans">
        <I18nProvider locale={locale}>
          <Providers>{children}</Providers>
        </I18nProvider>
      </body>
    </html>
  );
}
