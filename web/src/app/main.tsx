import { createRoot } from "react-dom/client";

// Placeholder until the web UI lands: proves the build and serving path.
createRoot(document.getElementById("root")!).render(<h1>Folio</h1>);
