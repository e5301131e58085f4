/** A step's action could not be carried out (the object is missing, the transition does not apply…). */
export class ScenarioActionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ScenarioActionError'
  }
}
