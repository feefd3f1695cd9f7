/** Signet's mark: a seal (the impression a signet ring leaves) around a token's three dots. */
export function SignetMark({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden focusable="false">
      <path
        d="M16 2.5l3.1 2.3 3.8-.5 1.5 3.5 3.5 1.5-.5 3.8 2.3 3.1-2.3 3.1.5 3.8-3.5 1.5-1.5 3.5-3.8-.5L16 29.5l-3.1-2.3-3.8.5-1.5-3.5-3.5-1.5.5-3.8L2.5 16l2.3-3.1-.5-3.8 3.5-1.5 1.5-3.5 3.8.5z"
        fill="currentColor"
      />
      <circle cx="10.5" cy="16" r="2.2" fill="var(--signet-surface-raised, #fff)" />
      <circle cx="16" cy="16" r="2.2" fill="var(--signet-surface-raised, #fff)" />
      <circle cx="21.5" cy="16" r="2.2" fill="var(--signet-surface-raised, #fff)" />
    </svg>
  )
}
