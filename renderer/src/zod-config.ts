import { z } from 'zod'

// zod probes for eval (new Function) to compile fast parsers; the CSP forbids eval, and the probe
// alone is reported as a violation. The renderer parses small documents: the interpreter is enough.
// Imported first by main.tsx, so it runs before any module parses with zod at load time.
z.config({ jitless: true })
