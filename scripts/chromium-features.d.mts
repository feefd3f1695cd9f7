export const playwrightDisabledFeatures: string[]
export const browserUiFeatures: string[]
export const disableFeaturesSwitch: string
