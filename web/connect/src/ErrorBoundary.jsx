import { Component } from 'react'

// The widget has no error boundary of its own: a failed load would blank the page.
export default class ErrorBoundary extends Component {
  constructor(props) {
    super(props)
    this.state = { error: null }
  }

  static getDerivedStateFromError(error) {
    return { error }
  }

  render() {
    if (!this.state.error) return this.props.children
    return (
      <div role="alert" style={{ padding: 24, maxWidth: 420, margin: '40px auto' }}>
        <h2 style={{ fontWeight: 600 }}>Something went wrong</h2>
        <p>Connect could not continue. Reload the page, or close it and start again.</p>
        <button type="button" onClick={() => window.location.reload()}>Reload</button>
      </div>
    )
  }
}
