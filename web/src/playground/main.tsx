import { createRoot } from "react-dom/client";

// Placeholder until the playground lands: proves the build and serving path.
createRoot(document.getElementById("playground")!).render(<h1>Folio GraphQL playground</h1>);
