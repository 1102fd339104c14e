import type { MetadataRoute } from "next";

// The web app manifest (served as /manifest.webmanifest, linked from every page by Next.js).
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Backup Center",
    short_name: "Backups",
    description: "Back up and restore your instances.",
    start_url: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#1d4ed8",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
      { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
    ],
  };
}
