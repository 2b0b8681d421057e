"""The HTML shell: sign-in, organization switcher, navigation, the Scan page, /healthz."""
