import Image from "next/image";

/** Beacon's mark (public/logo.svg, also the favicon) and name, as the shell and sign-in show it. */
export function Logo({ size = 20 }: { size?: number }) {
  return (
    <span className="inline-flex items-center gap-2">
      <Image src="/logo.svg" alt="" width={size} height={size} priority />
      Beacon
    </span>
  );
}
