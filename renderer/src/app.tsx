import { MantineProvider } from '@mantine/core'
import { Shell } from './shell/shell'
import { colorSchemeManager, theme } from './theme'

/** The renderer's root: the theme (following the OS unless the user chose otherwise) and the shell. */
export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager}>
      <Shell />
    </MantineProvider>
  )
}
